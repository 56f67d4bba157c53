// Log Analytics workspace + workspace-based Application Insights.
// Local (key-based) ingestion is switched off: the app sends telemetry with its managed identity
// (APPLICATIONINSIGHTS_AUTHENTICATION_STRING=Authorization=AAD + Monitoring Metrics Publisher, see roles.bicep).

@description('Region for both resources.')
param location string

@description('Log Analytics workspace name.')
param workspaceName string

@description('Application Insights component name.')
param appInsightsName string

@description('Days Log Analytics keeps data (30 is the free-retention tier).')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

param tags object = {}

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
    DisableLocalAuth: true
  }
}

output appInsightsName string = appInsights.name
// Not a credential once DisableLocalAuth is true: ingestion additionally needs an Entra ID token.
output appInsightsConnectionString string = appInsights.properties.ConnectionString
output workspaceId string = workspace.id
