const express = require('express');
const session = require('express-session');

const app = express();

// ruleid: vigil.js.insecure-cookie
app.use(session({ secret: process.env.SESSION_SECRET, cookie: { secure: false } }));

app.post('/login', (req, res) => {
  // ruleid: vigil.js.insecure-cookie
  res.cookie('session', createSession(req.body.user));
  // ruleid: vigil.js.insecure-cookie
  res.cookie('remember', token, { httpOnly: true, maxAge: 86400000 });
  res.end();
});
