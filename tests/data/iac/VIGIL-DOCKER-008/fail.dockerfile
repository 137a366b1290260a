FROM alpine:3.20
RUN apk add --no-cache openssh-server
EXPOSE 22/tcp 8080
USER 1000
HEALTHCHECK CMD ["nc", "-z", "127.0.0.1", "8080"]
CMD ["/usr/sbin/sshd", "-D"]
