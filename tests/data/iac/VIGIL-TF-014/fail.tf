resource "azurerm_storage_account" "exports" {
  name                            = "acmeexports"
  resource_group_name             = azurerm_resource_group.main.name
  location                        = "westeurope"
  account_tier                    = "Standard"
  account_replication_type        = "GRS"
  https_traffic_only_enabled      = false
  allow_nested_items_to_be_public = false
}
