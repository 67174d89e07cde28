// Preload for node (`node --import ./loopback-only.mjs server.mjs`): makes every TCP server that the
// program starts listen on 127.0.0.1 only, whatever host (or none) the program passes to listen().
// cache-tests.sh uses it for the http-cache-tests origin, whose server.listen(port) would otherwise
// bind every interface. Unix-socket listens (a path) and listens on an existing handle are untouched.
import net from 'node:net'

const LOOPBACK = '127.0.0.1'
const originalListen = net.Server.prototype.listen

net.Server.prototype.listen = function listenOnLoopback (...args) {
  const first = args[0]
  if (first !== null && typeof first === 'object') {
    // listen(options[, callback]); leave path/handle/fd listens alone
    if (first.path === undefined && first.handle === undefined && first._handle === undefined && first.fd === undefined) {
      args[0] = { ...first, host: LOOPBACK }
    }
    return originalListen.apply(this, args)
  }
  const isPort = first === undefined || typeof first === 'number' ||
    (typeof first === 'string' && /^\d+$/.test(first))
  if (!isPort) return originalListen.apply(this, args) // listen(path, ...)
  // listen([port[, host[, backlog]]][, callback])
  const callback = typeof args[args.length - 1] === 'function' ? args.pop() : undefined
  const options = { port: first === undefined ? 0 : Number(first), host: LOOPBACK }
  const backlog = args.find((a, i) => i > 0 && typeof a === 'number')
  if (backlog !== undefined) options.backlog = backlog
  return callback ? originalListen.call(this, options, callback) : originalListen.call(this, options)
}
