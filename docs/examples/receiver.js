// Receives Herald webhooks on POST /webhooks/herald with the standardwebhooks package.
// Run: npm install standardwebhooks@1.1.1 && HERALD_WEBHOOK_SECRET=whsec_... PORT=3000 node receiver.js
const http = require("node:http");
const { Webhook } = require("standardwebhooks");

const webhook = new Webhook(process.env.HERALD_WEBHOOK_SECRET); // whsec_... as Herald reveals it
const seen = new Set(); // delivery ids already handled; use your database in production

http.createServer((req, res) => {
  if (req.method !== "POST" || req.url !== "/webhooks/herald") {
    res.writeHead(404).end();
    return;
  }
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const body = Buffer.concat(chunks); // the raw bytes: never JSON.stringify(JSON.parse(...)) them
    let delivery;
    try {
      delivery = webhook.verify(body, req.headers); // signature and 5-minute timestamp tolerance
    } catch (err) {
      console.error(`rejected: ${err.message}`);
      res.writeHead(401).end();
      return;
    }
    res.writeHead(204).end(); // answer fast; do the work after
    if (seen.has(delivery.id)) {
      return; // a retry or redelivery of something already handled
    }
    seen.add(delivery.id);
    setImmediate(() => console.log(`received ${delivery.type} ${delivery.id}`));
  });
}).listen(Number(process.env.PORT ?? 3000), "127.0.0.1", () => console.log("listening"));
