// Event Grid custom topic for job events: the app publishes one CloudEvent per ended job
// (BatchInference.Job.Completed, …CompletedWithErrors, …Failed, …Cancelled, …BudgetExceeded; subject jobs/<id>; data =
// the job's summary) so other services subscribe without webhooks (docs/notifications.md). CloudEvents 1.0 input
// schema; access keys are off (disableLocalAuth): the app publishes with its managed identity, which roles.bicep
// grants "EventGrid Data Sender" on this topic only. Subscriptions are the consumers' to add.

@description('Region of the topic.')
param location string

@description('Event Grid custom topic name.')
param topicName string

param tags object = {}

resource topic 'Microsoft.EventGrid/topics@2022-06-15' = {
  name: topicName
  location: location
  tags: tags
  properties: {
    inputSchema: 'CloudEventSchemaV1_0'
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

output topicName string = topic.name
output endpoint string = topic.properties.endpoint
