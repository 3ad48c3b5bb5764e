'use strict';
// Whether something accepts TCP connections on 127.0.0.1:port (the test setup and the benchmarks ask
// it of PostgreSQL and MariaDB before using them).
const net = require('node:net');

const answers = (port) =>
  new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port, timeout: 1000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });

module.exports = { answers };
