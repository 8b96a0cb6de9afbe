#!/usr/bin/env bash
# npm run deploy: everything an admin runs to put Followthrough in production (see infra/README.md). It needs the Azure
# CLI (az) signed in, Node 20+, and these variables (or a .env file):
#   FT_ENVIRONMENT       short environment name, e.g. prod
#   FT_RESOURCE_GROUP    resource group to deploy into (created if missing)
#   FT_LOCATION          Azure region with Flex Consumption, e.g. westeurope
#   API_CLIENT_ID        the app registration (infra/entra-app.sh create)
#   ALLOWED_TENANT_IDS   Entra tenant ids allowed to use it, comma-separated
#   TEAMS_APP_ID         a GUID of your choosing for the Teams app (keep it for every later release)
#   SERVICE_MAILBOX      optional: the one mailbox reminder emails are sent from (Exchange Online RBAC for
#                        Applications scopes the app's Mail.Send to it, see infra/README.md); unset: no email fallback
#   ENTRA_LEAVERS_CHECK  optional: on = the daily check for users deleted in Entra ID; only after User.Read.All is
#                        granted in every allowed tenant (infra/README.md, "Leavers from Entra ID"); default off
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f .env ] && set -a && . ./.env && set +a
: "${FT_ENVIRONMENT:?}" "${FT_RESOURCE_GROUP:?}" "${FT_LOCATION:?}" "${API_CLIENT_ID:?}" "${ALLOWED_TENANT_IDS:?}" "${TEAMS_APP_ID:?}"
command -v az >/dev/null || { echo "The Azure CLI (az) is needed: https://learn.microsoft.com/cli/azure/install-azure-cli"; exit 1; }
az account show -o none || { echo "Sign in first: az login"; exit 1; }
json() { node -pe "JSON.parse(require('fs').readFileSync(0, 'utf8'))$1"; }

echo "== 1/5 Azure resources (infra/main.bicep)"
az group create -n "$FT_RESOURCE_GROUP" -l "$FT_LOCATION" -o none
outputs=$(az deployment group create -g "$FT_RESOURCE_GROUP" -n "followthrough-$FT_ENVIRONMENT" -f infra/main.bicep \
  -p environmentName="$FT_ENVIRONMENT" apiClientId="$API_CLIENT_ID" allowedTenantIds="$ALLOWED_TENANT_IDS" teamsAppId="$TEAMS_APP_ID" \
     serviceMailbox="${SERVICE_MAILBOX:-}" entraLeaversCheck="$([ "${ENTRA_LEAVERS_CHECK:-off}" = on ] && echo true || echo false)" \
  --query properties.outputs -o json)
export API_BASE_URL=$(json ".apiBaseUrl.value" <<<"$outputs")
export PAGES_URL=$(json ".pagesUrl.value" <<<"$outputs")
function_app=$(json ".functionAppName.value" <<<"$outputs")
pages=$(json ".pagesName.value" <<<"$outputs")
principal=$(json ".managedIdentityPrincipalId.value" <<<"$outputs")
export BOT_APP_ID=$(json ".botAppId.value" <<<"$outputs")

echo "== 2/5 the app registration: identifier URI, NAA redirect, federated credential of the function app"
bash infra/entra-app.sh configure "$PAGES_URL" "$principal" "$(az account show --query tenantId -o tsv)"

echo "== 3/5 build (functions bundle, pages with app-config.json)"
npm ci --no-audit --no-fund
npm run build

echo "== 4/5 deploy the functions and the pages"
az functionapp deployment source config-zip -g "$FT_RESOURCE_GROUP" -n "$function_app" --src dist/functionapp.zip -o none
token=$(az staticwebapp secrets list -g "$FT_RESOURCE_GROUP" -n "$pages" --query properties.apiKey -o tsv)
npx --yes @azure/static-web-apps-cli@2 deploy addin/dist --deployment-token "$token" --env production

echo "== 5/5 the app package"
npm run package
echo "Done. API: $API_BASE_URL  Pages: $PAGES_URL"
echo "Upload dist/appPackage.zip in the Teams admin center (or Microsoft 365 admin center > Integrated apps)."
