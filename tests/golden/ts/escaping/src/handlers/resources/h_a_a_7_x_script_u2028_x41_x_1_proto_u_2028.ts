// Handler of the resource H AΑaßǅʰא中́͏ः⃝7٣Ⅰ²_‿-—(⁅)⁆«»!¡+−$€^´©🚀  　 󰀀􏿽퟿􏿿͸￾￿﷐* //*\ \ \ \ \ \ \${x}${`</script>"""??/??='"\u2028\x41--><!--{{x}}<%#1.|__proto__ \ \ * /\\u{2028}$''\'' (test://h/* /$x/%60?q='h'&a=* /): its content, made each time it is read.
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: readHAA7XScriptU2028X41X1ProtoU2028Resource(uri) #999fab49
import type { ReadResourceResult, ServerContext } from '@modelcontextprotocol/server';

// Return the contents (text, or blob: base64 bytes), or throw ResourceNotFoundError (from
// '@modelcontextprotocol/server') when there is nothing to serve. Empty until written.
export async function readHAA7XScriptU2028X41X1ProtoU2028Resource(uri: string, _ctx: ServerContext): Promise<ReadResourceResult> {
  return { contents: [{ uri, mimeType: "text/plain", text: '' }] };
}
