/** Command ids that more than one adapter names (a menu, a status bar item, a quick pick). */
export const enum SocketCommand {
  refresh = 'portZero.refreshSockets',
  copyLocalAddress = 'portZero.copyLocalAddress',
  copyPeerAddress = 'portZero.copyPeerAddress',
  copyUrl = 'portZero.copyUrl',
  openInBrowser = 'portZero.openInBrowser',
  openInSimpleBrowser = 'portZero.openInSimpleBrowser',
  stopProcess = 'portZero.stopProcess',
  showStartedServers = 'portZero.showStartedServers',
  stopProcessOnPort = 'portZero.stopProcessOnPort',
  restartServer = 'portZero.restartServer',
  showServerTerminal = 'portZero.showServerTerminal',
  removeServer = 'portZero.removeServer',
}
