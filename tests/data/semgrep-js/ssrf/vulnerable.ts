import express, { Request, Response } from 'express';
import axios from 'axios';
import https from 'https';

const app = express();

app.get('/preview', async (req: Request, res: Response) => {
  // ruleid: vigil.js.ssrf
  const page = await axios.get(req.query.url as string);
  // The fetched page goes back as HTML, so whatever the client had fetched reaches the browser.
  // ruleid: vigil.js.xss-response
  res.send(page.data);
});

app.post('/webhook-test', async (req: Request, res: Response) => {
  // ruleid: vigil.js.ssrf
  const reply = await fetch(req.body.callback, { method: 'POST' });
  res.sendStatus(reply.status);
});

app.get('/avatar', (req: Request, res: Response) => {
  // ruleid: vigil.js.ssrf
  https.get(`${req.query.host}/avatar.png`, (upstream) => upstream.pipe(res));
});
