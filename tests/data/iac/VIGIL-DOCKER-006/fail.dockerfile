FROM debian:12.7-slim
RUN apt-get update \
    && apt-get install -y git openssh-client \
    && rm -rf /var/lib/apt/lists/*
USER 1000
HEALTHCHECK CMD ["git", "--version"]
