// Handler of the tool search_products: Search products by name, SKU, or category
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: searchProducts(SearchProductsArgs) -> SearchProductsResult #48c5085d
import type { ServerContext } from '@modelcontextprotocol/server';

import type { SearchProductsArgs, SearchProductsResult } from '../schemas.js';

// Return the result, or throw an Error: its message becomes an isError tool result.
export async function searchProducts(args: SearchProductsArgs, _ctx: ServerContext): Promise<SearchProductsResult> {
  void args;
  throw new Error("tool search_products is not implemented yet");
}
