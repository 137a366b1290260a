FROM alpine:3.20
RUN apk add --no-cache busybox-extras
EXPOSE 8080 2222
USER 1000
HEALTHCHECK CMD ["nc", "-z", "127.0.0.1", "8080"]
CMD ["httpd", "-f", "-p", "8080"]
