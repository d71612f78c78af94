/// Who runs the reception day: mediators (the court's judges and the legal linkage's mediators) and the joint centre's
/// coordinators set it up and see the roster; the joint desk records who came.
public enum ReceptionPolicy {
    public static func mayManage(_ staff: StaffActor) -> Bool {
        staff.role == .mediator || (staff.isJointCentre && (staff.role == .dispatcher || staff.role == .supervisor))
    }

    public static func mayAttend(_ staff: StaffActor) -> Bool {
        mayManage(staff) || (staff.isJointCentre && staff.role == .intake)
    }
}
