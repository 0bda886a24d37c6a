// Handler of the resource template weather (weather://{city:3}/today).
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: readWeatherResource(uri, WeatherVariables) #7c045cf4
import { ResourceNotFoundError } from '@modelcontextprotocol/server';
import type { ReadResourceResult, ServerContext } from '@modelcontextprotocol/server';

import type { WeatherVariables } from '../../schemas.js';

// Throw ResourceNotFoundError for a missing resource, ProtocolError for a bad request.
export async function readWeatherResource(uri: string, variables: WeatherVariables, _ctx: ServerContext): Promise<ReadResourceResult> {
  void variables;
  throw new ResourceNotFoundError(uri, `resource template weather is not implemented yet: ${uri}`);
}
