curl "https://acct.blob.core.windows.net/c/f?sv=2022-11-02&sig=<signature>"
git clone https://user:password@git.corp.net/app.git
CLOJARS_PASS=CLOJARS_TOKEN
echo dckr_pat_*** | docker login --password-stdin
TRIGGER=glptt-
export HEROKU_API_KEY=HRKU-xxxxxxxx
HEROKU_APP_ID=bdc03103-aab1-b2f2-ea05-ab6443cadba8
tailscale up --authkey tskey-auth-XXXX
