// PM2 process file: pm2 start ecosystem.config.cjs (after npm run build).
// (.cjs: the package is "type": "module", and PM2 loads this file with require().)
// Secrets (ANALYTICS_DSN APP_DATABASE_URL GITHUB_TOKEN SQLITE_PATH ) belong in the environment PM2 runs in, not here.
module.exports = {
  apps: [
    {
      name: "env-mcp",
      script: "dist/main.js",
      args: ["--transport", "http", "--host", "127.0.0.1", "--port", "3000", "--path", "/mcp"],
      env: {
        "PAGE_SIZE": "30",
      },
    },
  ],
};
