FROM alpine:3.20
ADD https://github.com/krallin/tini/releases/download/v0.19.0/tini-static /sbin/tini
RUN chmod +x /sbin/tini
USER 65534
HEALTHCHECK CMD ["/bin/true"]
ENTRYPOINT ["/sbin/tini", "--"]
