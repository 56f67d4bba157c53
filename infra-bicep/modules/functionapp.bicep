// Flex Consumption plan (FC1) + the Function App: the .NET isolated worker (functions/BatchInference.FunctionApp).
// The app gets a system-assigned identity; its app settings are applied later by appsettings.bicep, after
// roles.bicep has granted that identity its data-plane roles, so the host never starts on settings it cannot use.
// Flex Consumption takes the runtime from functionAppConfig.runtime: FUNCTIONS_WORKER_RUNTIME and
// FUNCTIONS_EXTENSION_VERSION are not set as app settings on this plan.

@description('Region of the plan and the app (must offer Flex Consumption: `az functionapp list-flexconsumption-locations`).')
param location string

@description('Flex Consumption plan name.')
param planName string

@description('Function App name (globally unique host name).')
param functionAppName string

@description('Blob endpoint of the storage account, e.g. https://<account>.blob.core.windows.net/.')
param blobEndpoint string

@description('Container that receives the deployment package (created by storage.bicep).')
param deploymentContainerName string

@description('Language runtime of the app: the .NET isolated worker.')
param runtimeName string = 'dotnet-isolated'

@description('Runtime version as listed by `az functionapp list-flexconsumption-runtimes --location <region> --runtime dotnet-isolated`. ARM accepts any string but the host only starts on a catalogued one.')
param runtimeVersion string = '10.0'

@description('Always-ready instances of the "http" group. The Service Bus intake is a processor inside the worker, not a trigger the platform scales on: it receives only while an instance runs, so keep at least one.')
@minValue(0)
param alwaysReadyInstances int = 1

@description('Memory per instance in MB; CPU scales with it.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Upper bound of scale-out. Provider rate limits, not Functions, are the real ceiling: keep it modest.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Subnet for VNet integration (see main.bicep appSubnetId); empty: none.')
param subnetId string = ''

@description('Client id of the Entra ID app registration for Easy Auth; empty: Easy Auth off.')
param authClientId string = ''

@description('Tenant that issues the Easy Auth tokens.')
param authTenantId string = tenant().tenantId

@description('Token audiences Easy Auth accepts; empty: api://<authClientId>.')
param authAllowedAudiences array = []

param tags object = {}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true // Linux; Flex Consumption runs on Linux only.
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: functionAppName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    virtualNetworkSubnetId: empty(subnetId) ? null : subnetId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        alwaysReady: alwaysReadyInstances == 0 ? [] : [
          {
            name: 'http'
            instanceCount: alwaysReadyInstances
          }
        ]
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: runtimeName
        version: runtimeVersion
      }
    }
  }
}

// Basic (user name + password) publishing credentials off for both FTP and SCM: code is deployed from the blob
// container with the app identity (functionAppConfig.deployment), and people deploy with their Entra ID sign-in.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

// Easy Auth (optional): every HTTP request needs an Entra ID token for the app registration, checked by the platform
// before the host sees it; the function keys stay required behind it. Event Grid delivers job drops to the blobs
// extension's webhook, /runtime/webhooks/blobs, with the blobs_extension system key in the URL and no Entra token
// (eventgrid.bicep): that path is left to the key, or every drop would be answered 401 and dead-lettered.
resource authSettings 'Microsoft.Web/sites/config@2024-04-01' = if (!empty(authClientId)) {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'Return401'
      excludedPaths: [
        '/runtime/webhooks/blobs'
      ]
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: authClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${authTenantId}/v2.0'
        }
        validation: {
          allowedAudiences: empty(authAllowedAudiences) ? [
            'api://${authClientId}'
          ] : authAllowedAudiences
        }
      }
    }
  }
}

output functionAppName string = site.name
output functionAppId string = site.id
output principalId string = site.identity.principalId
output defaultHostName string = site.properties.defaultHostName
