// PM2 process file: pm2 start ecosystem.config.cjs (after npm run build).
// (.cjs: the package is "type": "module", and PM2 loads this file with require().)
// Secrets (MCP_TOKEN ) belong in the environment PM2 runs in, not here.
module.exports = {
  apps: [
    {
      name: "transports-mcp",
      script: "dist/main.js",
      args: ["--transport", "http", "--host", "0.0.0.0", "--port", "8443", "--path", "/api/mcp"],
      env: {
      },
    },
  ],
};
