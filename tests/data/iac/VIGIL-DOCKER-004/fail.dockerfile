FROM debian:12.7-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates
# Install the Deno runtime
RUN curl -fsSL https://deno.land/install.sh \
      | sh -s v2.0.0
RUN wget -qO- https://get.pnpm.io/install.sh | ENV="$HOME/.bashrc" SHELL="$(which bash)" bash -
USER 1000
HEALTHCHECK CMD ["deno", "--version"]
