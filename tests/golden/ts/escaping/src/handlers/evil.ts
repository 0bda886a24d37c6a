// Handler of the tool evil: D AΑaßǅʰא中́͏ः⃝7٣Ⅰ²_‿-—(⁅)⁆«»!¡+−$€^´©🚀  　 󰀀􏿽퟿􏿿͸￾￿﷐* //*\ \ \ \ \ \ \${x}${`</script>"""??/??='"\u2028\x41--><!--{{x}}<%#1.|__proto__ \ \ * /\\u{2028}$''\''\
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: evil(EvilArgs) -> EvilResult #cae60eb7
import type { ServerContext } from '@modelcontextprotocol/server';

import type { EvilArgs, EvilResult } from '../schemas.js';

// Return the result, or throw an Error: its message becomes an isError tool result.
export async function evil(args: EvilArgs, _ctx: ServerContext): Promise<EvilResult> {
  void args;
  throw new Error("tool evil is not implemented yet");
}
