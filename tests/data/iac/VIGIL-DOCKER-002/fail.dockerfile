FROM ubuntu
RUN apt-get update && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
FROM nginx:latest AS web
COPY site/ /usr/share/nginx/html/
USER nginx
HEALTHCHECK CMD curl -fsS http://localhost/ || exit 1
