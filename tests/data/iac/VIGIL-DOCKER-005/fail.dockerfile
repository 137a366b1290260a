FROM python:3.12.7-slim
ARG PIP_INDEX_TOKEN
ENV APP_ENV=production \
    DATABASE_PASSWORD=s3cr3t-Pr0d-pw \
    LOG_LEVEL=info
ENV STRIPE_API_KEY sk_test_4eC39HqLyjWDarjtT1zdp7dc
WORKDIR /app
USER 1000
HEALTHCHECK CMD ["python", "-c", "print('ok')"]
