FROM alpine:3.20
ADD rootfs.tar.gz /
RUN wget -q -O /sbin/tini https://github.com/krallin/tini/releases/download/v0.19.0/tini-static \
    && echo "c5b0666b4cb676901f90dfcb37106783c5fe2077b04590973b885950611b30ee  /sbin/tini" | sha256sum -c - \
    && chmod +x /sbin/tini
USER 65534
HEALTHCHECK CMD ["/bin/true"]
ENTRYPOINT ["/sbin/tini", "--"]
