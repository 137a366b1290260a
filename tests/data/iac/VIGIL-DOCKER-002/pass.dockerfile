ARG BASE=python:3.12-slim
FROM ${BASE} AS deps
RUN pip install --no-cache-dir poetry==1.8.3
FROM deps AS app
FROM nginx:1.27.2-alpine@sha256:2140dad235c130ac861018a4e13a6bc8aea3a35f3a40e20c1b060d51a7efd250
COPY site/ /usr/share/nginx/html/
USER nginx
HEALTHCHECK CMD wget -qO- http://localhost/ || exit 1
