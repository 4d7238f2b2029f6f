/**
 * The programs allowed to start a device login (RFC 8628), by the `client_id` they send to
 * `POST /api/auth/device/code`, with the name the approval page shows. Anything else is refused
 * (`invalid_client`), so a phishing page cannot borrow our approval screen under an unknown name.
 */
export const DEVICE_CLIENTS: Readonly<Record<string, string>> = {
  "todo-cli": "Todos command line (todo login)",
};

export function deviceClientName(clientId: string | undefined): string | undefined {
  return clientId !== undefined && Object.hasOwn(DEVICE_CLIENTS, clientId) ? DEVICE_CLIENTS[clientId] : undefined;
}
