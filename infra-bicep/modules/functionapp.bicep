// Flex Consumption plan (FC1) + the Function App that runs the custom handler (functions/, host.json).
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

@description('Language runtime of the app: our host is an ASP.NET Core custom handler.')
param runtimeName string = 'custom'

@description('Runtime version as listed by `az functionapp list-flexconsumption-runtimes --location <region> --runtime custom`. ARM accepts any string but the host only starts on a catalogued one.')
param runtimeVersion string = '1.0'

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
    siteConfig: {
      minTlsVersion: '1.2'
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

output functionAppName string = site.name
output functionAppId string = site.id
output principalId string = site.identity.principalId
output defaultHostName string = site.properties.defaultHostName
