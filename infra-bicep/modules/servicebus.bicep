// Service Bus namespace with the job intake queue, batch-jobs: job submissions as job messages
// (schemas/job-message.schema.json), read by the app's in-worker processor (functions/…/ServiceBus/ServiceBusIntake).
// The engine's own work needs no queue here: Durable Functions brings its task hub's queues in the storage account.
// SAS keys are disabled; the Function App reaches the namespace with its managed identity only.

@description('Region of the namespace.')
param location string

@description('Namespace name (6-50 characters, globally unique).')
@minLength(6)
@maxLength(50)
param namespaceName string

@description('Pricing tier. Standard is the default here; Premium adds isolated capacity and private networking.')
@allowed([
  'Standard'
  'Premium'
])
param skuName string = 'Standard'

@description('Queue that receives job submissions.')
param jobsQueueName string = 'batch-jobs'

@description('Deliveries before a message moves to the dead-letter sub-queue.')
@minValue(1)
@maxValue(2000)
param maxDeliveryCount int = 5

@description('Time to live of unprocessed messages, ISO 8601. Must exceed the longest completion window (72h) plus retries.')
param messageTimeToLive string = 'P14D'

@description('Firewall: defaultAction (Allow|Deny), ipRanges (CIDR strings) and subnetIds let through when it is Deny.')
param network object = {
  defaultAction: 'Allow'
  ipRanges: []
  subnetIds: []
}

param tags object = {}

resource sbNamespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: namespaceName
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuName
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
  }
}

// The namespace firewall. Service Bus takes VNet rules on Premium only, so a Standard namespace gets the IP rules alone.
resource networkRules 'Microsoft.ServiceBus/namespaces/networkRuleSets@2024-01-01' = {
  parent: sbNamespace
  name: 'default'
  properties: {
    defaultAction: network.defaultAction
    publicNetworkAccess: 'Enabled'
    trustedServiceAccessEnabled: true
    ipRules: [for range in network.ipRanges: { ipMask: range, action: 'Allow' }]
    virtualNetworkRules: skuName == 'Premium' ? map(network.subnetIds, subnetId => { subnet: { id: subnetId } }) : []
  }
}

resource jobsQueue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = {
  parent: sbNamespace
  name: jobsQueueName
  properties: {
    // Starting a job only reads the message and starts its orchestration; five minutes (the maximum) is ample.
    lockDuration: 'PT5M'
    maxDeliveryCount: maxDeliveryCount
    defaultMessageTimeToLive: messageTimeToLive
    deadLetteringOnMessageExpiration: true
    requiresSession: false
    // `bi submit --service-bus` sets MessageId; a re-sent submission within 10 minutes is dropped by the broker (the
    // job id also comes from the MessageId, so a later duplicate still finds the job it started).
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: 'PT10M'
  }
}

output namespaceName string = sbNamespace.name
// serviceBusEndpoint looks like "https://<name>.servicebus.windows.net:443/"; the trigger wants the bare host
// name. Taking it from the endpoint (not '<name>.servicebus.windows.net') keeps sovereign clouds right.
output fullyQualifiedNamespace string = split(split(split(sbNamespace.properties.serviceBusEndpoint, '//')[1], '/')[0], ':')[0]
output jobsQueueName string = jobsQueue.name
