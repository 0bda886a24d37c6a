// Handler of the resource template N AΑaßǅʰא中́͏ः⃝7٣Ⅰ²_‿-—(⁅)⁆«»!¡+−$€^´©🚀  　 󰀀􏿽퟿􏿿͸￾￿﷐* //*\ \ \ \ \ \ \${x}${`</script>"""??/??='"\u2028\x41--><!--{{x}}<%#1.|__proto__ \ \ * /\\u{2028}$''\'' (test://t/{id}/{kind}).
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: readNAA7XScriptU2028X41X1ProtoU2028Resource(uri, NAA7XScriptU2028X41X1ProtoU2028Variables) #ae3ecdfe
import { ResourceNotFoundError } from '@modelcontextprotocol/server';
import type { ReadResourceResult, ServerContext } from '@modelcontextprotocol/server';

import type { NAA7XScriptU2028X41X1ProtoU2028Variables } from '../../schemas.js';

// Throw ResourceNotFoundError for a missing resource, ProtocolError for a bad request.
export async function readNAA7XScriptU2028X41X1ProtoU2028Resource(uri: string, variables: NAA7XScriptU2028X41X1ProtoU2028Variables, _ctx: ServerContext): Promise<ReadResourceResult> {
  void variables;
  throw new ResourceNotFoundError(uri, `resource template N\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f\u007fAΑaßǅʰא中́͏ः⃝7٣Ⅰ²_‿-—(⁅)⁆«»!¡+−$€^´©🚀  　\u2028\u2029\u0085\u009f\u00ad\u061c\u200b\u200e\u202e\u2066\u2069\ufeff\ud834\udd73\udb40\udc01\udb40\udc7f󰀀􏿽퟿􏿿͸￾￿﷐*//*\\\u000b\\\f\\\r\\\n\\ \\\t\\\${x}\${\`</script>\"\"\"??/??='\"\\u2028\\x41--><!--{{x}}<%#1.|__proto__\r\n\\\u000b\n\\ \u000b\f\t*/\\\\u{2028}$''\\'' is not implemented yet: ${uri}`);
}

// Optional: export complete() to suggest variable values (completion/complete), e.g.
//   export async function complete(variable: "id" | "kind", value: string, context: CompletionContext): Promise<string[]>
// (import type { CompletionContext } from '../../runtime.js'). Without it, no suggestions.
// Variables with an enum in the spec complete from its values, without it.
