// Handler of the prompt N AΑaßǅʰא中́͏ः⃝7٣Ⅰ²_‿-—(⁅)⁆«»!¡+−$€^´©🚀  　 󰀀􏿽퟿􏿿͸￾￿﷐* //*\ \ \ \ \ \ \${x}${`</script>"""??/??='"\u2028\x41--><!--{{x}}<%#1.|__proto__ \ \ * /\\u{2028}$''\''. Yours to edit: mcpc writes this file only when it is
// missing. The generated default (nAA7XScriptU2028X41X1ProtoU2028Default) fills the spec's messages.
// mcpc-signature: nAA7XScriptU2028X41X1ProtoU2028Prompt(NAA7XScriptU2028X41X1ProtoU2028PromptArgs) #e049352a
import type { GetPromptResult, ServerContext } from '@modelcontextprotocol/server';

import { nAA7XScriptU2028X41X1ProtoU2028Default } from '../../prompts.js';
import type { NAA7XScriptU2028X41X1ProtoU2028PromptArgs } from '../../schemas.js';

export async function nAA7XScriptU2028X41X1ProtoU2028Prompt(args: NAA7XScriptU2028X41X1ProtoU2028PromptArgs, _ctx: ServerContext): Promise<GetPromptResult> {
  return nAA7XScriptU2028X41X1ProtoU2028Default(args);
}

// Optional: export complete() to suggest argument values (completion/complete), e.g.
//   export async function complete(argument: "a\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f\u007fAΑaßǅʰא中́͏ः⃝7٣Ⅰ²_‿-—(⁅)⁆«»!¡+−$€^´©🚀  　\u2028\u2029\u0085\u009f\u00ad\u061c\u200b\u200e\u202e\u2066\u2069\ufeff\ud834\udd73\udb40\udc01\udb40\udc7f󰀀􏿽퟿􏿿͸￾￿﷐* //*\\\u000b\\\f\\\r\\\n\\ \\\t\\${x}${`</script>\"\"\"??/??='\"\\u2028\\x41--><!--{{x}}<%#1.|__proto__\r\n\\\u000b\n\\ \u000b\f\t* /\\\\u{2028}$''\\''" | "s" | "d", value: string, context: CompletionContext): Promise<string[]>
// (import type { CompletionContext } from '../../runtime.js'). Without it, no suggestions.
// Arguments with an enum in the spec complete from its values, without it.
