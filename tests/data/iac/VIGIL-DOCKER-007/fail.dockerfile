FROM ubuntu:24.04
RUN useradd -m builder
USER builder
RUN sudo apt-get update && sudo apt-get install -y --no-install-recommends make
HEALTHCHECK CMD ["make", "--version"]
