// The peer a user would script instead of `rundbrief send`: nodemailer with a
// pooled transport, sending one prebuilt .eml (the bare client's message,
// byte for byte) COUNT times. Run by benches/send.rs with NODE_PATH pointing
// at the nodemailer it installed under target/bench-node/.
//
//   node send.js PORT COUNT CONNECTIONS MESSAGE.eml FROM TO
//
// Prints the number of messages the server accepted.
'use strict';

const fs = require('fs');
const nodemailer = require('nodemailer');

const [port, count, connections, file, from, to] = process.argv.slice(2);
const total = Number(count);
const raw = fs.readFileSync(file);

const transporter = nodemailer.createTransport({
  host: '127.0.0.1',
  port: Number(port),
  secure: false,
  ignoreTLS: true,
  pool: true,
  maxConnections: Number(connections),
  // The default (100) would reconnect every 100 messages; rundbrief and the
  // bare client keep their connections for the whole send, so the peer does too.
  maxMessages: Infinity,
});

let started = 0;
let sent = 0;

// Two callers per connection, so that every connection has the next message
// waiting when the server answers the last one.
async function caller() {
  while (started < total) {
    started += 1;
    await transporter.sendMail({ envelope: { from, to }, raw });
    sent += 1;
  }
}

Promise.all(Array.from({ length: 2 * Number(connections) }, caller)).then(
  () => {
    transporter.close();
    console.log(sent);
  },
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
