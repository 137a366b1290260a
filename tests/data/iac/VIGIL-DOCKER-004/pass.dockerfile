FROM debian:12.7-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates unzip
RUN curl -fsSLo /tmp/deno.zip https://github.com/denoland/deno/releases/download/v2.0.0/deno-x86_64-unknown-linux-gnu.zip \
    && echo "0a8e9b0b0a2e4a0c1c1b1f8c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70  /tmp/deno.zip" | sha256sum -c - \
    && unzip /tmp/deno.zip -d /usr/local/bin && rm /tmp/deno.zip
USER 1000
HEALTHCHECK CMD ["deno", "--version"]
