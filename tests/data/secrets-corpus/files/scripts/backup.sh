#!/bin/sh
set -eu
mysqldump -u backup --password="Maple#814tundra&" shop > shop.sql
curl -T shop.sql https://backup:U0LMqzNxDVsqyN8eDy6m@files.corp.net/dumps/
curl -u "$USER:$PASS" https://files.corp.net/
export VAULT_TOKEN=hvs.5Vb3Cji4UfoAod-c8w1oJJz6GVC3PUmyc-CDIZa14g0E8Qhypeg9AnOTu3MDhz7b7f50U5HlKiBTEPocy0Cm-LcTQxeuSul
export VAULT_ADDR=https://vault.corp.net:8200
