package types

// FilterNameStringType is the Key of a Filter.
type FilterNameStringType string

// Enum values for FilterNameStringType.
const (
	FilterNameStringTypeDescription   FilterNameStringType = "description"
	FilterNameStringTypeName          FilterNameStringType = "name"
	FilterNameStringTypeTagKey        FilterNameStringType = "tag-key"
	FilterNameStringTypeTagValue      FilterNameStringType = "tag-value"
	FilterNameStringTypePrimaryRegion FilterNameStringType = "primary-region"
	FilterNameStringTypeOwningService FilterNameStringType = "owning-service"
	FilterNameStringTypeAll           FilterNameStringType = "all"
)

// Values returns all known values for FilterNameStringType.
func (FilterNameStringType) Values() []FilterNameStringType {
	return []FilterNameStringType{
		"description", "name", "tag-key", "tag-value", "primary-region",
		"owning-service", "all",
	}
}

// SortByType is ListSecrets' SortBy.
type SortByType string

// Enum values for SortByType.
const (
	SortByTypeCreatedDate      SortByType = "created-date"
	SortByTypeLastAccessedDate SortByType = "last-accessed-date"
	SortByTypeLastChangedDate  SortByType = "last-changed-date"
	SortByTypeName             SortByType = "name"
)

// Values returns all known values for SortByType.
func (SortByType) Values() []SortByType {
	return []SortByType{"created-date", "last-accessed-date", "last-changed-date", "name"}
}

// SortOrderType is ListSecrets' SortOrder.
type SortOrderType string

// Enum values for SortOrderType.
const (
	SortOrderTypeAsc  SortOrderType = "asc"
	SortOrderTypeDesc SortOrderType = "desc"
)

// Values returns all known values for SortOrderType.
func (SortOrderType) Values() []SortOrderType {
	return []SortOrderType{"asc", "desc"}
}

// StatusType is the replication status of a replica (never set by a local
// vault, which does not replicate).
type StatusType string

// Enum values for StatusType.
const (
	StatusTypeInSync     StatusType = "InSync"
	StatusTypeFailed     StatusType = "Failed"
	StatusTypeInProgress StatusType = "InProgress"
)

// Values returns all known values for StatusType.
func (StatusType) Values() []StatusType {
	return []StatusType{"InSync", "Failed", "InProgress"}
}
