import express, { Request, Response } from 'express';
import { execFile, execFileSync } from 'child_process';

const app = express();
const WORK = '/srv/convert';

app.get('/ping', (req: Request, res: Response) => {
  const host = req.query.host as string;
  // ok: vigil.js.command-injection
  execFile('ping', ['-c', '1', host], (err, out) => res.send(out));
});

app.post('/convert', (req: Request, res: Response) => {
  // ok: vigil.js.command-injection
  execFileSync('convert', [req.body.file, 'out.png'], { cwd: WORK });
  res.sendFile('out.png', { root: WORK });
});
