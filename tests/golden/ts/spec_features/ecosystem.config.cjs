// PM2 process file: pm2 start ecosystem.config.cjs (after npm run build).
// (.cjs: the package is "type": "module", and PM2 loads this file with require().)
// Secrets () belong in the environment PM2 runs in, not here.
module.exports = {
  apps: [
    {
      name: "spec-features-mcp",
      script: "dist/main.js",
      args: ["--transport", "http", "--host", "127.0.0.1", "--port", "3000", "--path", "/mcp"],
      env: {
      },
    },
  ],
};
