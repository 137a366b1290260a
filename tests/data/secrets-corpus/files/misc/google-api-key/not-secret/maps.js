const key = "AIzaSyYOUR_API_KEY_HERE";
