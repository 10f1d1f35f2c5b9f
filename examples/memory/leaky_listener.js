// A request handler that subscribes to a shared emitter on every call and never unsubscribes:
// each listener's closure keeps its request's payload alive.
const { EventEmitter } = require('node:events');

const bus = new EventEmitter();

class RequestContext {
  constructor(id) {
    this.id = id;
    this.payload = new Array(200).fill(id);
  }
}

let served = 0;

function handleRequest() {
  const ctx = new RequestContext(++served);
  bus.on('config-changed', () => ctx.payload.length); // LEAK: listener never removed
  return ctx.id;
}

// The fix: the listener is removed when the request is done.
function handleRequestFixed() {
  const ctx = new RequestContext(++served);
  const onChange = () => ctx.payload.length;
  bus.on('config-changed', onChange);
  bus.off('config-changed', onChange);
  return ctx.id;
}

module.exports = { handleRequest, handleRequestFixed, bus };

if (require.main === module) {
  for (let i = 0; i < 1000; i++) handleRequest();
  console.log(`${bus.listenerCount('config-changed')} listeners on the bus`);
}
