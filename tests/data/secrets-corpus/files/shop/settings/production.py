"""Production settings for the shop."""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEBUG = False
SECRET_KEY = "9382dffx1kVZQ2tqMnMcLRkBOzZU3G8xI7CGr5c3bxD7u6yB54"
SECRET_KEY_FALLBACKS = [os.environ["OLD_SECRET_KEY"]]
DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.postgresql',
        'NAME': 'shop',
        'USER': 'shop',
        'PASSWORD': 'Quartz^2917violet&',
        'HOST': 'db.internal',
    },
}
AUTH_PASSWORD_VALIDATORS = [
    {'NAME': 'django.contrib.auth.password_validation.MinimumLengthValidator'},
]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
PASSWORD_RESET_TIMEOUT = 259200
EMAIL_HOST_PASSWORD = "Harbor%5337quartz%"
EMAIL_HOST_USER = "apikey"
SESSION_COOKIE_NAME = 'shop_sessionid'
CSRF_HEADER_NAME = "HTTP_X_CSRF_TOKEN"
AWS_ACCESS_KEY_ID = "AKIAXL42XWX4KZ5P7R7W"
AWS_SECRET_ACCESS_KEY = "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"
AWS_STORAGE_BUCKET_NAME = "shop-media-prod"
STRIPE_SECRET_KEY = "sk_live_fh9ebcU6bxqi07kVlHSayLcY"
STRIPE_PUBLISHABLE_KEY = "pk_live_pjcaw8NOVVhsvFbtCJXMVc5q"
STRIPE_TEST_KEY = "sk_test_Wz3NTjE9ofQRu1gbCY38iHLX"
SENTRY_DSN = "https://cfa4a88d041814553e7177e2827b8d80:41cd532733057360ee9c66dd01d53fb0@sentry.shop.net/4"
STATIC_VERSION = "3b9b90d33960e1dfe62090b927f63bce4bc38332"  # git commit of the build
CACHE_KEY_PREFIX = "a418067b-55a0-b0a6-d99e-3ea39dd5a943"
REDIS_URL = os.getenv("REDIS_URL", "redis://localhost:6379/0")
CELERY_BROKER_URL = "amqp://shop:Ember&1736harbor@@mq.internal:5672/shop"
CELERY_RESULT_BACKEND = "redis://:${REDIS_PASSWORD}@cache:6379/1"
SOCIAL_AUTH_GITHUB_SECRET = "1f9be4b8ffdf9c75f8d232b54d22149c7ae5934d"
SOCIAL_AUTH_GITHUB_KEY = os.environ.get("GITHUB_KEY")
JWT_ALGORITHM = "HS256"
TOKEN_EXPIRY_SECONDS = 3600
