FROM debian:12.7-slim
RUN <<EOF
apt-get update
apt-get install -y --no-install-recommends curl
curl -fsSL https://example.com/install.sh | bash
USER root
EOF
COPY <<-"CONF" /etc/app.conf
	USER=root
	CONF
USER 1000
HEALTHCHECK CMD ["true"]
