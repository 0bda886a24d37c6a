// PM2 process file: pm2 start ecosystem.config.cjs (after npm run build).
// (.cjs: the package is "type": "module", and PM2 loads this file with require().)
// Secrets () belong in the environment PM2 runs in, not here.
module.exports = {
  apps: [
    {
      name: "escaping-mcpaΑaßǅʰא中́͏ः⃝7٣Ⅰ²_‿-—(⁅)⁆«»!¡+−$€^´©🚀  　\u2028\u2029\u0085\u009f\u00ad\u061c\u200b\u200e\u202e\u2066\u2069\ufeff\ud834\udd73\udb40\udc01\udb40\udc7f󰀀􏿽퟿􏿿͸￾￿﷐*/${x}`'\"??/\\\u000b",
      script: "dist/main.js",
      args: ["--transport", "http", "--host", "127.0.0.1", "--port", "3000", "--path", "/mcp"],
      env: {
        ["__proto__"]: "V\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f\u007fAΑaßǅʰא中́͏ः⃝7٣Ⅰ²_‿-—(⁅)⁆«»!¡+−$€^´©🚀  　\u2028\u2029\u0085\u009f\u00ad\u061c\u200b\u200e\u202e\u2066\u2069\ufeff\ud834\udd73\udb40\udc01\udb40\udc7f󰀀􏿽퟿􏿿͸￾￿﷐*//*\\\u000b\\\f\\\r\\\n\\ \\\t\\${x}${`</script>\"\"\"??/??='\"\\u2028\\x41--><!--{{x}}<%#1.|__proto__\r\n\\\u000b\n\\ \u000b\f\t*/\\\\u{2028}$''\\''",
      },
    },
  ],
};
