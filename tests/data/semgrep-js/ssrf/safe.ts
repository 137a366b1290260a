import express, { Request, Response } from 'express';
import axios from 'axios';
import https from 'https';

const app = express();

app.get('/preview', async (req: Request, res: Response) => {
  const id = encodeURIComponent(req.query.id as string);
  // ok: vigil.js.ssrf
  const page = await axios.get('https://pages.example.com/' + id);
  res.send(page.data);
});

app.post('/webhook-test', async (req: Request, res: Response) => {
  // ok: vigil.js.ssrf
  const reply = await fetch('https://hooks.example.com/test', { method: 'POST', body: req.body.payload });
  res.sendStatus(reply.status);
});

app.get('/avatar', (req: Request, res: Response) => {
  // ok: vigil.js.ssrf
  https.get(`https://cdn.example.com/avatars/${encodeURIComponent(req.query.user as string)}.png`, (upstream) =>
    upstream.pipe(res),
  );
});
