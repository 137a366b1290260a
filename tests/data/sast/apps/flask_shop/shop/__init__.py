from flask import Flask

from shop import views

app = Flask(__name__)
app.secret_key = "change-me"
views.register(app)
