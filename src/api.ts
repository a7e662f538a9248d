import type { PortAllocator } from './engine/ports/allocator';
import type { SocketSource } from './engine/sockets/socket';
import type { Launches } from './launch/launches';
import type { UserMessages } from './messages/userMessages';
import type { SocketsApi } from './tree/socketsApi';

/**
 * What `activate()` returns: the live parts, for the integration tests and
 * for other extensions that want to read the socket table or start servers.
 */
export interface PortZeroApi {
  readonly socketSource: SocketSource;
  readonly allocator: PortAllocator;
  readonly launches: Launches;
  readonly sockets: SocketsApi;
  /** Every notification Port Zero shows, as an event: what the user saw, for tests. */
  readonly messages: UserMessages;
}
