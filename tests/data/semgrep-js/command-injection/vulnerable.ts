import express, { Request, Response } from 'express';
import { exec, execSync } from 'child_process';

const app = express();
const WORK = '/srv/convert';

app.get('/ping', (req: Request, res: Response) => {
  const host = req.query.host as string;
  // ruleid: vigil.js.command-injection
  exec(`ping -c 1 ${host}`, (err, out) => res.send(out));
});

app.post('/convert', (req: Request, res: Response) => {
  // ruleid: vigil.js.command-injection
  execSync('convert ' + req.body.file + ' out.png', { cwd: WORK });
  res.sendFile('out.png', { root: WORK });
});
