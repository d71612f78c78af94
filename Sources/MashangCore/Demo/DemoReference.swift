/// The demo configuration: the four organisations of the seed article plus the joint centre, with their
/// departments, the communities around 广华街道 with intake points, the category tree and the jurisdiction rules
/// described by the seed (双向派单).
public enum DemoReference {
    public static let organizations: [Organization] = [
        Organization(code: "joint", name: "江汉油田综治信访联合调解中心", nameEn: "Joint Mediation Centre", kind: .joint),
        Organization(code: "jianghan-oilfield", name: "江汉油田", nameEn: "Jianghan Oilfield", kind: .enterprise),
        Organization(code: "guanghua-street", name: "广华街道办事处", nameEn: "Guanghua Sub-district Office", kind: .government),
        Organization(code: "qianjiang-court", name: "潜江市人民法院", nameEn: "Qianjiang People's Court", kind: .court),
        Organization(code: "qianjiang-traffic-police", name: "潜江市公安局交警大队", nameEn: "Qianjiang Traffic Police Brigade", kind: .police),
    ]

    public static let departments: [Department] = [
        Department(code: "joint-desk", organization: "joint", name: "联合接访窗口", nameEn: "Joint Intake Desk"),
        Department(code: "joint-supervision", organization: "joint", name: "督办室", nameEn: "Supervision Office"),
        Department(code: "jh-base-dev", organization: "jianghan-oilfield", name: "基地发展中心", nameEn: "Base Development Centre"),
        Department(code: "jh-petition", organization: "jianghan-oilfield", name: "综治信访办公室", nameEn: "Petitions Office"),
        Department(code: "jh-assistance", organization: "jianghan-oilfield", name: "员工帮扶服务部", nameEn: "Employee Assistance Service"),
        Department(code: "jh-hr", organization: "jianghan-oilfield", name: "人力资源部", nameEn: "Human Resources"),
        Department(code: "jh-retirees", organization: "jianghan-oilfield", name: "退休管理中心", nameEn: "Retirees Centre"),
        Department(code: "gh-construction", organization: "guanghua-street", name: "城建办", nameEn: "Urban Construction Office"),
        Department(code: "gh-property", organization: "guanghua-street", name: "物业监管办", nameEn: "Property Supervision Office"),
        Department(code: "gh-social", organization: "guanghua-street", name: "社会事务办", nameEn: "Social Affairs Office"),
        Department(code: "gh-environment", organization: "guanghua-street", name: "环卫所", nameEn: "Sanitation Station", level: .grassroots),
        Department(code: "gh-governance", organization: "guanghua-street", name: "综治办", nameEn: "Public Order Office"),
        Department(code: "court-mediation", organization: "qianjiang-court", name: "诉调对接中心", nameEn: "Litigation-Mediation Centre"),
        Department(code: "court-civil", organization: "qianjiang-court", name: "民事审判庭", nameEn: "Civil Division"),
        Department(
            code: "police-traffic", organization: "qianjiang-traffic-police", name: "交通秩序中队", nameEn: "Traffic Order Squad",
            level: .grassroots),
        Department(
            code: "police-patrol", organization: "qianjiang-traffic-police", name: "巡逻中队", nameEn: "Patrol Squad", level: .grassroots),
    ]

    public static let categories: [Category] = [
        Category(code: "property", parent: nil, name: "物业服务", nameEn: "Property management"),
        Category(code: "property.fees", parent: "property", name: "物业收费", nameEn: "Property fees"),
        Category(
            code: "property.elevator", parent: "property", name: "电梯运行", nameEn: "Lifts",
            questions: [
                CategoryQuestion(code: "building", datatype: .string, required: true, prompt: "楼栋及单元", promptEn: "Building and entrance"),
                CategoryQuestion(
                    code: "trapped", datatype: .singlevaluelist, required: true, prompt: "是否有人被困", promptEn: "Is anyone trapped",
                    choices: [.init(key: "yes", name: "有人被困", nameEn: "Yes"), .init(key: "no", name: "无人被困", nameEn: "No")]),
            ]),
        Category(code: "property.greening", parent: "property", name: "绿化保洁", nameEn: "Greening and cleaning"),
        Category(code: "elderly", parent: nil, name: "养老服务", nameEn: "Elderly care"),
        Category(code: "elderly.canteen", parent: "elderly", name: "社区食堂", nameEn: "Community canteen"),
        Category(code: "elderly.homecare", parent: "elderly", name: "居家养老", nameEn: "Home care"),
        Category(code: "housing", parent: nil, name: "房屋维修", nameEn: "Housing repairs"),
        Category(
            code: "housing.leak", parent: "housing", name: "房屋漏水", nameEn: "Leaks",
            questions: [
                CategoryQuestion(code: "since", datatype: .datetime, required: false, prompt: "开始漏水时间", promptEn: "Leaking since"),
                CategoryQuestion(
                    code: "where", datatype: .multivaluelist, required: false, prompt: "漏水部位", promptEn: "Where it leaks",
                    choices: [
                        .init(key: "roof", name: "屋顶", nameEn: "Roof"), .init(key: "wall", name: "外墙", nameEn: "Outer wall"),
                        .init(key: "pipe", name: "管道", nameEn: "Pipes"), .init(key: "window", name: "窗户", nameEn: "Windows"),
                    ]),
            ]),
        Category(code: "housing.renovation", parent: "housing", name: "老旧小区改造", nameEn: "Old estate renovation"),
        Category(code: "traffic", parent: nil, name: "交通出行", nameEn: "Traffic and roads"),
        Category(code: "traffic.road", parent: "traffic", name: "道路施工", nameEn: "Road works"),
        Category(code: "traffic.school", parent: "traffic", name: "护学安全", nameEn: "School route safety"),
        Category(code: "traffic.parking", parent: "traffic", name: "停车管理", nameEn: "Parking"),
        Category(code: "security", parent: nil, name: "社会治安", nameEn: "Public order", allowsAnonymous: true),
        Category(code: "security.fraud", parent: "security", name: "电信诈骗", nameEn: "Telecom fraud"),
        Category(code: "security.hazard", parent: "security", name: "治安隐患", nameEn: "Safety hazards"),
        Category(code: "legal", parent: nil, name: "涉法涉诉", nameEn: "Legal matters"),
        Category(code: "legal.dispute", parent: "legal", name: "民事纠纷", nameEn: "Civil disputes"),
        Category(code: "legal.contract", parent: "legal", name: "合同纠纷", nameEn: "Contract disputes"),
        Category(code: "utilities", parent: nil, name: "四供一业(水电气暖)", nameEn: "Utilities (water, power, gas, heating)"),
        Category(code: "utilities.water", parent: "utilities", name: "供水", nameEn: "Water supply"),
        Category(
            code: "utilities.power", parent: "utilities", name: "供电", nameEn: "Power supply",
            questions: [
                CategoryQuestion(
                    code: "scope", datatype: .singlevaluelist, required: true, prompt: "停电范围", promptEn: "Outage extent",
                    choices: [
                        .init(key: "home", name: "本户", nameEn: "My home"), .init(key: "building", name: "整栋楼", nameEn: "The building"),
                        .init(key: "area", name: "整个片区", nameEn: "The whole area"),
                    ])
            ]),
        Category(code: "utilities.gas", parent: "utilities", name: "供气", nameEn: "Gas supply"),
        Category(code: "utilities.heating", parent: "utilities", name: "供暖", nameEn: "Heating"),
        Category(
            code: "environment", parent: nil, name: "环境卫生", nameEn: "Environment and sanitation", allowsAnonymous: true,
            questions: [
                CategoryQuestion(
                    code: "recurring", datatype: .singlevaluelist, required: false, prompt: "是否反复出现", promptEn: "Does it recur",
                    choices: [
                        .init(key: "first", name: "首次出现", nameEn: "First time"),
                        .init(key: "again", name: "反复出现", nameEn: "Again and again"),
                    ])
            ]),
        Category(code: "environment.waste", parent: "environment", name: "垃圾清运", nameEn: "Waste collection"),
        Category(code: "environment.flooding", parent: "environment", name: "汛期防涝", nameEn: "Flood prevention"),
        Category(code: "labour", parent: nil, name: "劳动保障", nameEn: "Labour and social security"),
        Category(code: "labour.wages", parent: "labour", name: "工资待遇", nameEn: "Pay"),
        Category(code: "labour.pension", parent: "labour", name: "养老保险", nameEn: "Pension insurance"),
        Category(code: "employee", parent: nil, name: "员工事务", nameEn: "Employee matters"),
        Category(code: "employee.welfare", parent: "employee", name: "困难帮扶", nameEn: "Hardship assistance"),
        Category(code: "employee.retirees", parent: "employee", name: "退休人员管理", nameEn: "Retirees"),
    ]

    /// Communities of the 广华 area, each with two grids.
    static let communities: [(code: String, name: String, nameEn: String)] = [
        ("jiangzuan", "江钻小区", "Jiangzuan Estate"),
        ("yuanlin", "园林小区", "Yuanlin Estate"),
        ("guanghua", "广华小区", "Guanghua Estate"),
        ("wuqi", "五七小区", "Wuqi Estate"),
        ("xiangyang", "向阳小区", "Xiangyang Estate"),
        ("yunshu", "运输处小区", "Transport Depot Estate"),
    ]

    public static let areas: [Area] = {
        var areas = [Area(code: "guanghua-area", parent: nil, name: "广华片区", nameEn: "Guanghua area", boundary: DemoBoundaries.area)]
        for (index, community) in communities.enumerated() {
            areas.append(
                Area(
                    code: community.code, parent: "guanghua-area", name: community.name, nameEn: community.nameEn,
                    boundary: DemoBoundaries.community(index)))
            for grid in 1...2 {
                areas.append(
                    Area(
                        code: "\(community.code)-grid\(grid)", parent: community.code,
                        name: "\(community.name)第\(grid == 1 ? "一" : "二")网格", nameEn: "\(community.nameEn) grid \(grid)",
                        boundary: DemoBoundaries.grid(grid, ofCommunity: index)))
            }
        }
        return areas
    }()

    public static let intakePoints: [IntakePoint] = {
        var points = [
            IntakePoint(code: "jiangzuan-school", area: "jiangzuan-grid1", name: "江钻小区中学旁便民通道", nameEn: "Jiangzuan school passage"),
            IntakePoint(code: "joint-desk", area: "guanghua-area", name: "联合调解中心接待大厅", nameEn: "Joint centre reception hall"),
            IntakePoint(code: "drilling-workshop", area: "yunshu-grid2", name: "江钻公司机加车间", nameEn: "Drilling company workshop"),
        ]
        for community in communities {
            points.append(
                IntakePoint(
                    code: "\(community.code)-gate", area: "\(community.code)-grid1",
                    name: "\(community.name)大门公告栏", nameEn: "\(community.nameEn) main gate"))
        }
        // Each code hangs near the middle of its area, a few tens of metres from the others there.
        return points.enumerated().map { index, point in
            var point = point
            point.location = areas.first { $0.code == point.area }?.boundary?.labelPoint.map {
                GeoPoint(latitude: $0.latitude, longitude: $0.longitude + Double(index % 4) * 0.0003)
            }
            return point
        }
    }()

    /// 双向派单: internal management and employee matters go to the enterprise; local social affairs and common
    /// residential issues go to the government; traffic and public order to the police; legal matters to the court.
    public static let rules: [DispatchRule] = [
        DispatchRule(code: "property", category: "property", organization: "guanghua-street", department: "gh-property"),
        DispatchRule(code: "elderly", category: "elderly", organization: "guanghua-street", department: "gh-social"),
        DispatchRule(code: "housing", category: "housing", organization: "guanghua-street", department: "gh-construction"),
        DispatchRule(
            code: "housing-company-dorms", category: "housing", keywords: ["单位宿舍", "油田公房", "倒班公寓"],
            organization: "jianghan-oilfield", department: "jh-base-dev"),
        DispatchRule(code: "utilities", category: "utilities", organization: "guanghua-street", department: "gh-construction"),
        DispatchRule(code: "environment", category: "environment", organization: "guanghua-street", department: "gh-environment"),
        DispatchRule(code: "traffic", category: "traffic", organization: "qianjiang-traffic-police", department: "police-traffic"),
        DispatchRule(code: "traffic-road", category: "traffic.road", organization: "guanghua-street", department: "gh-construction"),
        DispatchRule(code: "security", category: "security", organization: "qianjiang-traffic-police", department: "police-patrol"),
        DispatchRule(
            code: "security-hazard-jiangzuan", category: "security.hazard", area: "jiangzuan",
            organization: "guanghua-street", department: "gh-governance"),
        DispatchRule(code: "legal", category: "legal", organization: "qianjiang-court", department: "court-mediation"),
        DispatchRule(code: "labour", category: "labour", organization: "jianghan-oilfield", department: "jh-hr"),
        DispatchRule(code: "employee", category: "employee", organization: "jianghan-oilfield", department: "jh-hr"),
        DispatchRule(
            code: "employee-welfare", category: "employee.welfare", organization: "jianghan-oilfield", department: "jh-assistance"),
        DispatchRule(
            code: "employee-retirees", category: "employee.retirees", organization: "jianghan-oilfield", department: "jh-retirees"),
    ]

    public static var referenceData: ReferenceData {
        ReferenceData(
            organizations: organizations, departments: departments, categories: categories,
            areas: areas, intakePoints: intakePoints)
    }

    /// Username prefix of each organisation's demo users: `gh.dispatcher`, `joint.intake` …
    public static let userPrefixes: [(organization: String, prefix: String)] = [
        ("joint", "joint"), ("jianghan-oilfield", "jh"), ("guanghua-street", "gh"),
        ("qianjiang-court", "court"), ("qianjiang-traffic-police", "police"),
    ]

    /// One demo user per role per organisation (the audit administrator at the joint centre only); handlers sit in
    /// their organisation's first department.
    public static var users: [(username: String, displayName: String, organization: String, role: Role, department: String?)] {
        userPrefixes.flatMap { organization, prefix in
            Role.allCases.filter { $0 != .auditAdmin || organization == "joint" }.map { role in
                let department = role == .handler ? departments.first { $0.organization == organization }?.code : nil
                return ("\(prefix).\(role.rawValue)", "\(prefix).\(role.rawValue)", organization, role, department)
            }
        }
    }
}
