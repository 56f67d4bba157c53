// App settings of the Function App. Kept apart from functionapp.bicep so main.bicep can order it after the
// role assignments. Writing 'appsettings' replaces the whole set: settings added by hand in the portal are lost
// on redeploy, by design (the template is the source of truth).

@description('Name of the existing Function App.')
param functionAppName string

@description('Settings as name -> value. Values are strings; no secret values, only Key Vault references.')
param settings object

@description('Settings written only when their value is not empty, e.g. a Key Vault reference that only a parameter says resolves (an empty value leaves the setting out rather than writing it empty).')
param optionalSettings object = {}

resource site 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: union(settings, toObject(filter(items(optionalSettings), s => !empty(s.value)), s => s.key, s => s.value))
}
