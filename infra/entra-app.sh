#!/usr/bin/env bash
# The Entra app registration Followthrough runs as (multi-tenant): the API scope access_as_user that the add-in and
# the tab request through nested app authentication, pre-authorized Teams and Office clients, the NAA redirect URI
# and the Followthrough.Admin app role. Needs the Azure CLI, signed in as someone who may register apps.
#
# It requests no Microsoft Graph application permission: no tenant-wide grant to send mail as anyone or to post to
# anyone's activity feed. Reminders in the Teams activity feed use the resource-specific permission
# TeamsActivity.Send.User that manifest.json declares (granted per user, with the app's installation); reminder
# emails come from one service mailbox that Exchange Online RBAC for Applications lets the app send as (see
# infra/README.md). test/unit/infra.test.ts fails if a tenant-wide permission comes back.
#
#   infra/entra-app.sh create                                  → prints API_CLIENT_ID
#   infra/entra-app.sh configure <pagesUrl> <identityPrincipalId> <identityTenantId>
#       → identifier URI api://<pages host>/<appId>, redirect brk-multihub://<pages host>, and the function app's
#         managed identity as a federated credential (so no client secret exists anywhere)
#   infra/entra-app.sh mail-rbac <service mailbox>
#       → prints the Exchange Online PowerShell that lets the app send as that one mailbox (RBAC for Applications),
#         with the app id and the enterprise application's object id of the signed-in tenant filled in
set -euo pipefail

# Microsoft's first-party clients that may get tokens for the API without a consent prompt (Teams, Office, Outlook).
PREAUTHORIZED=(1fec8e78-bce4-4aaf-ab1b-5451cc387264 5e3ce6c0-2b1f-4285-8d4b-75ee78787346 d3590ed6-52b3-4102-aeff-aad2292ab01c 93d53678-613d-4013-afc1-62e9e444a0a5 bc59ab01-8403-45c6-8796-ac3ef710b3e3 ea5a67f6-b6f3-4338-b240-c655ddc3cc8e 4765445b-32c6-49b0-83e6-1d93765276ca 0ec893e0-5785-4de6-99da-4ed124e5296c 08e18876-6177-487e-b8b5-cf950c1e598c 57fb890c-0dab-4253-a5e0-7188c88b2bb4 27922004-5251-4030-b22d-91ecd9a37ea4)

case "${1:-}" in
  create)
    app_id=$(az ad app create --display-name "Followthrough" --sign-in-audience AzureADMultipleOrgs --query appId -o tsv)
    object_id=$(az ad app show --id "$app_id" --query id -o tsv)
    scope_id=$(cat /proc/sys/kernel/random/uuid)
    admin_role_id=$(cat /proc/sys/kernel/random/uuid)
    preauth=$(printf '{"appId":"%s","delegatedPermissionIds":["'"$scope_id"'"]},' "${PREAUTHORIZED[@]}")
    az rest --method PATCH --uri "https://graph.microsoft.com/v1.0/applications/$object_id" --headers 'Content-Type=application/json' --body "{
      \"api\": {
        \"requestedAccessTokenVersion\": 2,
        \"oauth2PermissionScopes\": [{
          \"id\": \"$scope_id\", \"value\": \"access_as_user\", \"type\": \"User\", \"isEnabled\": true,
          \"adminConsentDisplayName\": \"Use Followthrough as the signed-in user\",
          \"adminConsentDescription\": \"Lets Outlook and Teams call Followthrough for the signed-in user.\",
          \"userConsentDisplayName\": \"Use Followthrough as you\",
          \"userConsentDescription\": \"Lets Outlook and Teams call Followthrough for you.\"
        }],
        \"preAuthorizedApplications\": [${preauth%,}]
      },
      \"appRoles\": [{
        \"id\": \"$admin_role_id\", \"value\": \"Followthrough.Admin\", \"displayName\": \"Followthrough admin\",
        \"description\": \"Creates teams, assigns managers and members, sets traps for the organization.\",
        \"allowedMemberTypes\": [\"User\"], \"isEnabled\": true
      }],
      \"requiredResourceAccess\": []
    }"
    az ad sp create --id "$app_id" -o none
    echo "API_CLIENT_ID=$app_id"
    ;;
  configure)
    pages_url=${2:?pages URL}; principal_id=${3:?managed identity principal id}; tenant_id=${4:?tenant id}
    app_id=${API_CLIENT_ID:?set API_CLIENT_ID}
    host=${pages_url#https://}; host=${host%%/*}
    object_id=$(az ad app show --id "$app_id" --query id -o tsv)
    az rest --method PATCH --uri "https://graph.microsoft.com/v1.0/applications/$object_id" --headers 'Content-Type=application/json' --body "{
      \"identifierUris\": [\"api://$host/$app_id\"],
      \"spa\": { \"redirectUris\": [\"brk-multihub://$host\", \"$pages_url/taskpane.html\", \"$pages_url/tab.html\"] }
    }"
    existing=$(az ad app federated-credential list --id "$app_id" --query "[?subject=='$principal_id'] | length(@)" -o tsv)
    if [ "$existing" = "0" ]; then
      az ad app federated-credential create --id "$app_id" --parameters "{
        \"name\": \"followthrough-functions\", \"issuer\": \"https://login.microsoftonline.com/$tenant_id/v2.0\",
        \"subject\": \"$principal_id\", \"audiences\": [\"api://AzureADTokenExchange\"]
      }" -o none
    fi
    echo "Configured $app_id for $pages_url. A Global Administrator of each customer tenant grants consent: see infra/README.md."
    ;;
  mail-rbac)
    mailbox=${2:?service mailbox address, e.g. followthrough@contoso.com}
    app_id=${API_CLIENT_ID:?set API_CLIENT_ID}
    # New-ServicePrincipal needs the enterprise application's object id (the service principal in this tenant), not
    # the app registration's.
    sp_object_id=$(az ad sp show --id "$app_id" --query id -o tsv)
    cat <<PS
# Exchange Online PowerShell, as an Exchange Administrator (or a member of Organization Management):
Connect-ExchangeOnline
New-ServicePrincipal -AppId $app_id -ObjectId $sp_object_id -DisplayName "Followthrough"
New-ManagementScope -Name "Followthrough service mailbox" -RecipientRestrictionFilter "PrimarySmtpAddress -eq '$mailbox'"
New-ManagementRoleAssignment -Name "Followthrough sends as its service mailbox" -App $app_id -Role "Application Mail.Send" -CustomResourceScope "Followthrough service mailbox"
# InScope True for the service mailbox; any other mailbox: InScope False.
Test-ServicePrincipalAuthorization -Identity $app_id -Resource $mailbox
PS
    ;;
  *)
    sed -n '2,17p' "$0"
    exit 2
    ;;
esac
