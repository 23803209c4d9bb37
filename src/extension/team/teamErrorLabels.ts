import * as vscode from 'vscode';
import type { TeamErrorKind } from '../../team/teamErrors';

/**
 * What went wrong with a team store, in the user's language: src/team explains failures in
 * English for the CLI and the log, so the editor shows this label first and that detail after.
 */
export function teamErrorLabel(kind: TeamErrorKind): string {
  switch (kind) {
    case 'no-password':
      return vscode.l10n.t('No password was given');
    case 'password':
      return vscode.l10n.t('The server refused the password');
    case 'not-allowed':
      return vscode.l10n.t('The server does not let this role connect from here');
    case 'unreachable':
      return vscode.l10n.t('The server cannot be reached');
    case 'timeout':
      return vscode.l10n.t('The server did not answer in time');
    case 'tls-verify':
      return vscode.l10n.t('The server\'s TLS certificate failed verification');
    case 'tls-unsupported':
      return vscode.l10n.t('The server does not accept TLS');
    case 'database-missing':
      return vscode.l10n.t('The database does not exist');
    case 'rights':
      return vscode.l10n.t('This role lacks the rights');
    case 'row-security':
      return vscode.l10n.t('Row-level security refused the change');
    case 'schema-missing':
      return vscode.l10n.t('The database has no team store yet');
    case 'schema-newer':
      return vscode.l10n.t('The team store is newer than this Model Ledger');
    case 'connection-lost':
      return vscode.l10n.t('The connection was lost');
    case 'server-unavailable':
      return vscode.l10n.t('The server cannot take the connection now');
    case 'setting':
      return vscode.l10n.t('The server refused a setting of the connection');
    case 'other':
      return vscode.l10n.t('The team store failed');
  }
}
