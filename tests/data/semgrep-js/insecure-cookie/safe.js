const express = require('express');
const session = require('express-session');

const app = express();

// ok: vigil.js.insecure-cookie
app.use(session({ secret: process.env.SESSION_SECRET, cookie: { secure: true, httpOnly: true } }));

app.post('/login', (req, res) => {
  // ok: vigil.js.insecure-cookie
  res.cookie('session', createSession(req.body.user), { secure: true, httpOnly: true, sameSite: 'lax' });
  res.end();
});
