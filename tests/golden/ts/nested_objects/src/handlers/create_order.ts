// Handler of the tool create_order: Create an order with its lines and shipping address
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: createOrder(CreateOrderArgs) -> CreateOrderResult #27fadeed
import type { ServerContext } from '@modelcontextprotocol/server';

import type { CreateOrderArgs, CreateOrderResult } from '../schemas.js';

// Return the result, or throw an Error: its message becomes an isError tool result.
export async function createOrder(args: CreateOrderArgs, _ctx: ServerContext): Promise<CreateOrderResult> {
  void args;
  throw new Error("tool create_order is not implemented yet");
}
