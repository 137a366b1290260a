import axios from "axios";
const TOKEN_STORAGE_KEY = "auth_token";
const REFRESH_TOKEN_KEY = "app.refresh_token";
const MAPS_KEY = "AIza77wmcZBXBmXzJy-rb39Gw7AjSa-i-Q6I6dk";
const ALGOLIA_ADMIN_KEY = "b5c8415fce9409e0b1ce69f4f928a9a9";
const ALGOLIA_APP_ID = "Z7F6NZ7J6F";
export const client = axios.create({
  baseURL: process.env.API_URL,
  headers: {
    Authorization: "Bearer tco8DJoHrd9hhR0Yy2xnuwevDxkFC3sD5i6TCOn7",
  },
});
export function authHeader(token: string) {
  return { Authorization: `Bearer ${token}` };
}
const password = form.get("password");
if (password.length < 12) throw new Error("password too short");
const SLACK_HOOK = "https://hooks.slack.com/services/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";
const ICON = "data:image/png;base64,iVBORw0KGgoLjVNY9wHT49lxOWqdnSvTj3bPEXK8tUOz/msAQGs1UGlRyFEfRVhswi34IqPoRYDgY8+Ol/Z6v0X5fn5qpwjYN6bGnSCwds2lR7g8Ei9rdrhgzaRErV+aqoF";
const BUILD_ID = "3e616cac53465c69ad4d4ca933f89f87d430666c";
const firebaseConfig = { apiKey: "AIzafrdH8gCsOeznrxl7LAuPJi01e6MpIcB1QHY" };
