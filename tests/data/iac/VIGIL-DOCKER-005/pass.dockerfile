FROM python:3.12.7-slim
ARG APP_VERSION=1.4.2
ENV APP_ENV=production \
    DATABASE_PASSWORD_FILE=/run/secrets/db_password \
    LOG_LEVEL=info
ENV API_KEY=${API_KEY}
WORKDIR /app
RUN --mount=type=secret,id=pip_token PIP_INDEX_URL="https://__token__:$(cat /run/secrets/pip_token)@pypi.example.com/simple" pip install --no-cache-dir app==${APP_VERSION}
USER 1000
HEALTHCHECK CMD ["python", "-c", "print('ok')"]
